"""`finsam synth`: a deterministic landing folder of fictional federations, and the truth it prints.

The benchmark needs national scale (80 federations, 11 years, 35 000 participants a
year) with a known answer for every figure. Modules, one job each: `names`
(fictional names and slugs), `federations` (federations and members), `economy`
(budgets, outcomes, statements), `participants` (pseudonymous exports),
`document` (a document as tables of facts), `plans` and `reports` (the two
document kinds), `layouts/` (one module per printed layout), `minimal_pdf`,
`truth`, `command` (the landing folder) and `landing_accuracy` (extraction
against the truth).

In: the arguments (counts, seed, years). Out: DIR/landing/ (documents, participant
exports, registrations), DIR/truth/ and DIR/synth.json; the same arguments give the same bytes.
"""

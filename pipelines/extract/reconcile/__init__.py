"""What must add up, and whether it does: identities.py names the totals (LKBR's statement forms, the
budget code tree), checks.py tests each total against the parts read and sets the facts' statuses
(verified, conflict), and chooses between readings the arithmetic can settle.
"""

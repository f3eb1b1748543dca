{{ current_facts('outcome', with_reconciliation=true) }}

{{ current_facts('participants', with_reconciliation=true) }}

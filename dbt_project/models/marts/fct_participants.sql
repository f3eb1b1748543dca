{{ rebuilt_by_year_config() }}
{{ current_facts('participants', with_reconciliation=true) }}

{{ rebuilt_by_year_config() }}
{{ current_facts('outcome', with_reconciliation=true) }}

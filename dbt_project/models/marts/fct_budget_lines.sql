{{ rebuilt_by_year_config() }}
{{ current_facts('budget_line') }}

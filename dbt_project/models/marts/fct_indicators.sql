{{ rebuilt_by_year_config() }}
{{ current_facts('indicator') }}

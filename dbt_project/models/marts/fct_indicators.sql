{{ current_facts('indicator') }}

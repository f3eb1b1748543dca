{{ current_facts('survey') }}

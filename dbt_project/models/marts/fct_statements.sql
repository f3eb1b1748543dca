{{ current_facts('statement') }}

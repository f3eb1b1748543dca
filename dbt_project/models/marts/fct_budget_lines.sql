{{ current_facts('budget_line') }}

"""Reading landing files into typed records. Parsing is pure: text in, records out."""

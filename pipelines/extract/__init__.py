"""Document extraction: verksamhetsplaner and årsredovisningar (text, markdown, PDF and scans, Excel, Word) into facts."""

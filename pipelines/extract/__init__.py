"""Document extraction: verksamhetsplaner and årsredovisningar (text, markdown, PDF) into facts."""

"""Document extraction: plans and annual reports (text, PDF and scans, Excel, Word) into facts."""

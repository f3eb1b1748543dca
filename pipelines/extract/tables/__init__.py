"""A document's numbered lines → its tables: header, rows, unit, caption (finder.py, one for every format).

furniture.py tells page headers, footers and page numbers apart, header.py reads column headers
(years, scenarios), rows.py and numbers.py a row's label and figures, segments.py splits a line
into phrases where the format gave none; table.py holds the Table the interpreters read.
"""

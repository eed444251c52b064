"""Documents made from a strategy: the PDF and DOCX reports, the XLSX workbook, the open-data
package and the reporting calendar, each from the blocks of `content.py` or the records."""

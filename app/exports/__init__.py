"""Exports of what the viewer sees: CSV with an HXL hashtag row, and an XLSX workbook."""

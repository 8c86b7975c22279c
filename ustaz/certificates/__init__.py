"""Certificates (C-16, C-17, C-20): codes, the append-only register, PDFs with QR codes and the
private static lookup data behind the site's /verify/ page."""

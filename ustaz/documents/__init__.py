"""Documents in the regulation's format: the program .docx (P-7), the agreement package (P-8) and the
course documents a centre prints (C-3, C-15, C-19), all from the same model as the site."""

"""Outputs: the one layout finished as print, screen, sheets and fold-over PDFs, imposed, cached and written."""

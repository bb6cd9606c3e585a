"""Look at a run's output: read it back in any format and describe what is in it.

:mod:`.reader` turns files into raw records (or the reason one could not be read),
:mod:`.profile` computes the figures, and :mod:`.html` writes a self-contained report.
The CLI's ``datagen inspect`` draws the same figures in the terminal.
"""

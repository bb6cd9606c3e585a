"""Scenarios declared in ``scenarios.toml``: no Python needed.

:mod:`.spec` reads and checks a file's tables (cheaply: listing scenarios imports no
pydantic model builder); :mod:`.tool` turns one checked table into a
:class:`~data_generator.tool.DataGeneratorTool` when that scenario is used.
"""

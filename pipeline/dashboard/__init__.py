"""The local web dashboard: the six panels of spec section 6 over the DuckDB warehouse.

`queries` holds the figures (pure functions of a connection and the global filters, the same
definitions as the LookML project in `looker/`); `app` lays them out as a Dash web page.
"""

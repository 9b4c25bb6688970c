"""The Continuum of Need: levels of need, the indicator catalogue and decision support.

`catalogue` reads the levels and indicators from a data file; `rules` suggests a level from
the indicators a referrer ticks, for the Hub to see beside the level the referrer chose.
Decision support only: a person decides.
"""

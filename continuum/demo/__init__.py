"""The demo authority: a synthetic local authority the size of Blackpool.

A plain Python package (not a Django app: it owns no models). `continuum demo` calls
`continuum.demo.generator.generate_demo`; everything it writes is made up from a seed, so the
same seed and as-of date always give the same children, families, workers and histories.
Nothing here is a real person's details: names come from Faker's en_GB lists, NHS numbers
from the range NHS England keeps for testing, and only the postcodes (places, not people) are
real.

The modules split the work so each can be read alone:
`postcodes` (real Blackpool postcodes), `names` (name and street pools, ethnicity mix),
`identifiers` (NHS numbers and UPNs), `population` (families, in memory, no database),
`casework` (who is open to which team, and their chronologies), `staff` (workers and the
fixed demo sign-ins) and `generator` (puts it all in the database in bulk).
"""

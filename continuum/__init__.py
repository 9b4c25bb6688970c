"""Continuum: a front door and case record for children's services in England."""

"""Publishing stack for Stop the Traffik Kenya's human-trafficking routes website.

The flow runs one way: load an edition's route table, validate it, prepare
aggregates and figures, execute the notebooks, publish the site.
"""

__version__ = "0.1.0"

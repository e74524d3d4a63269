"""dbcost: simulate and allocate Databricks spend.

The engine is C++ (``dbcost._dbcost``); this package re-exports it and adds pandas conveniences.
"""
from . import _dbcost
from ._dbcost import *  # noqa: F401,F403
from ._dbcost import InputError, ModelError  # noqa: F401
from . import alerts  # noqa: F401  (dbcost.dask is imported on demand: it needs dask.distributed)

__version__ = "0.1.0"

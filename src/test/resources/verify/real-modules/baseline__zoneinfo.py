# heapify.verify embedding baseline for _zoneinfo: the modules importing _zoneinfo
# brings in (datetime, io, weakref, the zoneinfo package with _tzpath and _common
# and what they import), without _zoneinfo itself. The zoneinfo package runs
# "from _zoneinfo import ZoneInfo", so a stand-in module answers that import
# (without it the package would fall back to its pure-Python ZoneInfo, which
# imports a different set of modules).
import os
import sys

_stand_in = type(sys)('_zoneinfo')
_stand_in.ZoneInfo = None
sys.modules['_zoneinfo'] = _stand_in
import datetime
import io
import weakref
import zoneinfo._common
import zoneinfo._tzpath
del sys.modules['_zoneinfo'], _stand_in

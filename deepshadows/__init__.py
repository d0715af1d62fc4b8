__version__ = "0.1.0"

from .core import quiet_tensorflow_startup as _quiet_tensorflow_startup
_quiet_tensorflow_startup()   # TensorFlow's C++ start-up log stays out of notebooks (see 00_core)

"""Extension objects, created unbound here and initialised in create_app()."""

from flask_babel import Babel
from flask_caching import Cache
from flask_compress import Compress
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from app.api.spec import HiwarApi
from app.db import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
api = HiwarApi()
cache = Cache()  # the figure cache (app.caching.figures)
compress = Compress()
# The rate limiter is made per application (app.api.limits): its storage is the app's setting.

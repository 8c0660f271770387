"""gunicorn's settings, shared by the Procfile, the Dockerfile and docker-compose.yml.

``gunicorn -c scheduler/gunicorn.conf.py scheduler.wsgi``; the bind address and
the number of workers stay on the command line, where each place sets its own.
"""

# The access log on stdout, with the tokens in addresses hidden (scheduler/logfilters.py).
accesslog = "-"
logger_class = "scheduler.logfilters.MaskingGunicornLogger"

# The real-stack image: web (gunicorn), worker and beat all run from it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    VAR_DIR=/app/var \
    STATIC_ROOT=/app/staticfiles

WORKDIR /app
RUN useradd --create-home --uid 1000 app

COPY requirements/base.lock requirements/base.lock
RUN pip install --no-cache-dir -r requirements/base.lock

COPY . .
# Translations are committed compiled (.mo), so the image needs no gettext.
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/var && chown -R app:app /app/var

USER app
EXPOSE 8000
# scheduler/gunicorn.conf.py: the access log, with the tokens in addresses hidden.
CMD ["gunicorn", "-c", "scheduler/gunicorn.conf.py", "scheduler.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]

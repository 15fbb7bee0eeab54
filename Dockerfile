# relbot in HTTP mode: gunicorn on port 3000 serving POST /slack/events and GET /healthz.
# Configuration comes from the environment (see .env.example); the SQLite default below
# lives on the /app/data volume. For PostgreSQL set RELBOT_DATABASE_URL (docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

# A plain install into site-packages: the migrations ship inside the package. The sources
# go once built, so nothing in /app stands in for the installed package.
COPY pyproject.toml README.md /src/
COPY relbot/ /src/relbot/
RUN pip install --disable-pip-version-check /src && rm -rf /src

WORKDIR /app

# A home of its own so gunicorn can put its control socket in ~/.gunicorn.
RUN groupadd --system --gid 10001 relbot \
    && useradd --system --uid 10001 --gid relbot --create-home --home-dir /home/relbot \
       --shell /usr/sbin/nologin relbot \
    && mkdir -p /app/data \
    && chown relbot:relbot /app/data

ENV RELBOT_DATABASE_URL=sqlite:////app/data/relbot.db
VOLUME /app/data

USER relbot

EXPOSE 3000

# Healthy when /healthz answers 200, that is when the database answers (HTTP mode only).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=4).status == 200 else 1)"]

ENTRYPOINT ["relbot"]
CMD ["run", "--http", "--port", "3000"]

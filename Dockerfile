# respin service: FastAPI + in-process jobs, spatch and git inside.
#   docker build -t respin .
#   docker run -p 8000:8000 -v /srv/linux:/trees/linux:ro -v respin-data:/data \
#              -e RESPIN_TREES=linux=/trees/linux -e RESPIN_API_TOKEN=... respin
#   podman build --isolation chroot --format docker -t respin .   (docker format keeps the HEALTHCHECK;
#   README: Docker says how to build and check it without a registry)
FROM debian:bookworm-slim

ENV DEBIAN_FRONTEND=noninteractive \
    LANG=C.UTF-8 \
    VENV=/opt/respin/venv \
    RESPIN_DATA_DIR=/data \
    PATH=/opt/respin/venv/bin:$PATH

WORKDIR /opt/respin/src
COPY . .

# The same install script as .ci/run (via ./dev test), without the test-only packages:
# coccinelle, git, git-email, perl, python3-venv and the packages Debian only recommends for them (named
# in the script), then the venv with respin in it.  No git identity is configured: respin names the
# author and committer of every commit it makes (RESPIN_COMMITTER, else the series' author).
# RESPIN_EXTRAS=distributed: the same image runs `respin worker` (docker-compose.yml).
ARG RESPIN_EXTRAS=distributed
RUN SKIP_TEST_DEPS=1 RESPIN_EXTRAS=$RESPIN_EXTRAS VENV=/opt/respin/venv .ci/install-deps \
    && rm -rf /var/lib/apt/lists/* /root/.cache

# Trees are mounted read-only by other users: let git read them anyway.
RUN git config --system --add safe.directory '*' \
    && useradd --system --create-home --home-dir /home/respin --shell /usr/sbin/nologin respin \
    && mkdir -p /data /trees \
    && chown respin:respin /data

USER respin
# run from a folder the user owns: `respin example` writes .respin-data/ and out/ where it is started
WORKDIR /home/respin
VOLUME ["/data", "/trees"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/api/v1/health', timeout=8).status == 200 else 1)"]

# 0.0.0.0 only with RESPIN_API_TOKEN set (or RESPIN_ALLOW_ANONYMOUS=1): without either, the service
# stays on 127.0.0.1 inside the container and its log says why.
CMD ["respin", "serve", "--host", "0.0.0.0", "--port", "8000"]

import os

# Without git on the machine, importing GitPython (patches.git) must not fail: Repo.run and the health
# check then say that git is missing, as they did before GitPython read the repositories.
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")

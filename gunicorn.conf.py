"""gunicorn reads this from the project folder: consult's settings and database are checked
once, in the master, before any worker starts (a worker that exits is only restarted)."""


def on_starting(server):
    if str(server.app.app_uri).partition(":")[0] == "wsgi":
        from consult import startup

        startup.check_serving(server.cfg.workers)

from ustaz.cli.app import run

run()

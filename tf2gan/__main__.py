"""`python -m tf2gan COMMAND [flags]`: the same as the `tf2gan` command."""

from tf2gan.commands import console

if __name__ == "__main__":
    console.main()

"""The command lines: each module declares its flags and makes one call into the layers below."""

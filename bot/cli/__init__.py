"""TechConnect Guide command line: set-up, training, the terminal chat, and operators' commands."""

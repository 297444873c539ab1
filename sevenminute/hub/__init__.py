"""The partnership's hub (issue 32): one server for the whole learning team, with sign-in,
roles and a sign-off. So far: its people and their roles (`people`)."""

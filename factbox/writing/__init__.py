"""Writing: the only code that changes a user's file. Every command that writes (`init`,
`add`, `edit`, `remove`, `report -o`, `export`) goes through `atomic.write_file`."""

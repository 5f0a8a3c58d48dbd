"""Date formats of Tremplin's languages where Django's differ from what its users read
(FORMAT_MODULE_PATH)."""

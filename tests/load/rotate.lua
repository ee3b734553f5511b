-- Reads of the article paths listed in the file $SLUGS_FILE (one path a line), in rotation, for wrk.
local paths = {}
for line in io.lines(os.getenv("SLUGS_FILE")) do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

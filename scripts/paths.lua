-- wrk script: requests paths read from the file named by WRK_PATHS (one per
-- line) in random order, so caches see a realistic spread of titles.
--   WRK_PATHS=/tmp/paths.txt wrk -s scripts/paths.lua http://127.0.0.1:8080
local paths = {}

function init(args)
  local f = assert(io.open(os.getenv("WRK_PATHS"), "r"))
  for line in f:lines() do
    if #line > 0 then paths[#paths + 1] = line end
  end
  f:close()
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

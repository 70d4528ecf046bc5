-- Feeds wrk the requests bench/api.py prepared: `wrk -s feed.lua URL -- METHOD ORIGIN FILE [BODY]`.
-- FILE holds one request a line (a JSON body for POST, a path for GET), split between wrk's
-- threads so that no line is sent twice while lines last; FILE "-" sends BODY every time.
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  method, origin, file, fixed = args[1], args[2], args[3], args[4]
  lines, next_line = {}, 1
  if file ~= "-" then
    local n = 0
    for line in io.lines(file) do
      if n % 2 == id then lines[#lines + 1] = line end
      n = n + 1
    end
  end
  wrk.method = method
  wrk.headers["Origin"] = origin
  if method == "POST" then wrk.headers["Content-Type"] = "application/json" end
end

function request()
  if file == "-" then return wrk.format(nil, nil, nil, fixed) end
  local line = lines[next_line]
  next_line = next_line % #lines + 1
  if method == "GET" then return wrk.format(nil, line) end
  return wrk.format(nil, nil, nil, line)
end

-- wrk script: NDJSON batches of 100 alerts per POST; 100 distinct batches built once and cycled.
local template = io.open("bench/alert-template.json"):read("*a"):gsub("%s+$", "")
local requests = {}
-- wrk.format needs the thread's host, so requests are built in init, once per thread.
init = function(args)
  local k = 0
  for b = 1, 100 do
    local lines = {}
    for i = 1, 100 do
      k = k + 1
      lines[i] = template:gsub("CONTAINERID", string.format("%012x", k % 1000)):gsub("NANOS", string.format("%09d", k * 7919))
    end
    requests[b] = wrk.format("POST", "/", {["Content-Type"] = "application/x-ndjson"}, table.concat(lines, "\n"))
  end
end
local n = 0
request = function()
  n = n % #requests + 1
  return requests[n]
end

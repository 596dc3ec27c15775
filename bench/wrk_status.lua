-- Count the responses whose status is not 200 (wrk itself only counts those of 400 and up),
-- so a redirect to the sign-in page cannot pass for a measured page. bench/measure.py reads
-- the line "non-200 responses: N" that done() prints.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  others = 0
end

function response(status, headers, body)
  if status ~= 200 then
    others = others + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("others")
  end
  io.write(string.format("non-200 responses: %d\n", total))
end

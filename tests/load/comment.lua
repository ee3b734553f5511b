-- Comment submissions for wrk (bench.sh, comment-cpu.sh): each wrk thread has its own Lua state, so its own counter:
-- setup() (run once per thread, in the main state) numbers the threads, and bodies and e-mails carry the thread number
-- and the run's start time as well as the counter. A repeated one would be a duplicate and store nothing.
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local n, run = 0, os.time()
request = function()
  n = n + 1
  local body = string.format('{"authorName":"قارئ","authorEmail":"reader%d.%d.%d@example.com","body":"تعليق رقم %d من الخيط %d في جولة %d على الخبر"}', n, tid, run, n, tid, run)
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end

--[[
  Give every key of a conversation the same time to live.

  Input:
    KEYS[1] record hash    (…:rec)
    KEYS[2] log stream     (…:log)
    KEYS[3] clientId hash  (…:cid)

    ARGV[1] seconds

  Output:
    0  conversation not found
    1  deadline set (keys that do not exist yet get it when `append.lua` creates them)
]]
if redis.call('EXPIRE', KEYS[1], ARGV[1]) == 0 then
  return 0
end
redis.call('EXPIRE', KEYS[2], ARGV[1])
redis.call('EXPIRE', KEYS[3], ARGV[1])
return 1

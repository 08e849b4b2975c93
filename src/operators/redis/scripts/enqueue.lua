--[[
  Put a conversation in its agency's queue, at the back or the front, and return its place.

  Input:
    KEYS[1] the agency's queue (sorted set, …:op:queue:<agency>)

    ARGV[1] conversation id
    ARGV[2] "1" for the front (a conversation whose operator went away), "0" for the back

  Output:
    position, 1 = next
]]
local key = KEYS[1]
redis.call('ZREM', key, ARGV[1])
local score = 0
if ARGV[2] == '1' then
  local first = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  if first[2] then score = tonumber(first[2]) - 1 end
else
  local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  if last[2] then score = tonumber(last[2]) + 1 end
end
redis.call('ZADD', key, score, ARGV[1])
return redis.call('ZRANK', key, ARGV[1]) + 1

--[[
  Change some fields of an existing conversation record, keep the others.

  Input:
    KEYS[1] record hash (…:rec)

    ARGV[1] number of fields to set (n)
    ARGV[2 .. 1+2n] field, JSON value pairs to set (updatedAt included)
    ARGV[2+2n ..]   fields to remove (patched to undefined)

  Output:
    0                         conversation not found
    { field, value, … }       the whole record after the change (HGETALL)
]]
local rkey = KEYS[1]
if redis.call('EXISTS', rkey) == 0 then
  return 0
end
local n = tonumber(ARGV[1])
if n > 0 then
  redis.call('HSET', rkey, unpack(ARGV, 2, 1 + 2 * n))
end
if #ARGV >= 2 + 2 * n then
  redis.call('HDEL', rkey, unpack(ARGV, 2 + 2 * n, #ARGV))
end
return redis.call('HGETALL', rkey)

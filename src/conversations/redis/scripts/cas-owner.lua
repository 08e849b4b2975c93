--[[
  Compare-and-set the conversation's owner.

  Input:
    KEYS[1] record hash (…:rec)

    ARGV[1] expected owner, JSON-encoded (as stored)
    ARGV[2] next owner, JSON-encoded
    ARGV[3] updatedAt, JSON-encoded

  Output:
    -1  conversation not found
     0  owner was not `expected`: nothing written
     1  owner set to `next`
]]
local rkey = KEYS[1]
local owner = redis.call('HGET', rkey, 'owner')
if not owner then
  return -1
end
if owner ~= ARGV[1] then
  return 0
end
redis.call('HSET', rkey, 'owner', ARGV[2], 'updatedAt', ARGV[3])
return 1
